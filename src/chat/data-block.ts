// The fixed parts of the chat's data block: written by the helper, read back by decodeChatPage.

/** How the chat's data block opens, before its optional attributes. */
export const DATA_BLOCK_START = '<script type="application/json" data-useresponse';
/*
 * On a page that names a visitor or clears the chat, as no-store is in HTTP: htmx keeps no copy of
 * the page in its history cache (htmx 2's, in localStorage; htmx 4's extension, in sessionStorage),
 * and Back asks the server again; Turbo drops the block from the copy it keeps of the page, and
 * that copy, shown as a preview or on Back, has nothing to tell the chat. Neither runs the page's
 * chat once more for a visitor who has since logged out. hx-, not data-hx-: htmx 2 reads both,
 * htmx 4 reads data-hx- only while htmx.config.prefix keeps its default.
 */
export const NOT_KEPT = ' hx-history="false" data-turbo-temporary';
