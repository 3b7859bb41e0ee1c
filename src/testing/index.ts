// express-useresponse/testing: helpers for your own app's tests. Not for production code.
export { STAND_IN_SDK, type RecordedUrCall } from './stand-in-sdk.js';
export { decodeChatPage, type DecodedChatPage } from './decode-chat-page.js';
export { verifyHelpCenterLink, type VerifiedHelpCenterLink } from './verify-help-center-link.js';
