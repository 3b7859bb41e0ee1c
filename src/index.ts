// The package's public API.
export { computeToken } from './chat/token.js';
export { useResponseChat } from './chat/middleware.js';
export { helpCenterSsoUrl, type HelpCenterSsoUrlOptions, type HelpCenterUser } from './help-center/sso-url.js';
export { UseResponseConfigError, type UseResponseConfigErrorCode } from './core/errors.js';
export type {
  HelpCenterLoginOptions,
  HelpCenterOptions,
  IdentifyResult,
  UseResponseChat,
  UseResponseChatConfig,
  UseResponseClientConfig,
  UseResponseCspDirectives,
  UseResponseIdentity,
  UseResponseLogger,
  UseResponseOptions,
} from './core/types.js';
