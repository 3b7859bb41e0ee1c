// The package's public API.
export { computeToken } from './token.js';
export { useResponseChat } from './middleware.js';
export { UseResponseConfigError, type UseResponseConfigErrorCode } from './errors.js';
export type {
  IdentifyResult,
  UseResponseChat,
  UseResponseChatConfig,
  UseResponseClientConfig,
  UseResponseCspDirectives,
  UseResponseIdentity,
  UseResponseLogger,
  UseResponseOptions,
} from './types.js';
