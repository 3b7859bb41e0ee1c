// decodeChatPage(): what a page rendered with the chat helper will tell UseResponse, read without a browser.
import { DATA_BLOCK_START, NOT_KEPT } from '../chat/data-block.js';
import type { UseResponseChatConfig } from '../core/types.js';

/** What the page's bootstrap will do. */
export interface DecodedChatPage {
  /** The argument of `UR.userConfig`, or null when the page identifies nobody. */
  userConfig: UseResponseChatConfig | null;
  /** Whether the page calls `UR.clearChatStorage()` (a logout, or a session that ended: `clearOnSessionEnd`). */
  clear: boolean;
  /**
   * The SDK URL the page names, or null when it names none: it relies on UseResponse's own widget
   * code, or on the `clientScript` file, which carries the URL itself.
   */
  widgetSrc: string | null;
}

const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// The helper's own parts, so that a change to them cannot leave this reading the old markup.
const DATA_BLOCK = new RegExp(
  `${literally(DATA_BLOCK_START)}(?:${literally(NOT_KEPT)})?(?: nonce="[^"]*")?>([^<]*)</script>`,
  'g',
);
// The `clientScript` file's element; an anonymous visitor's page carries it alone, with no data block.
const CLIENT_SCRIPT = /<script src="[^"]*\/client\.[0-9a-f]{16}\.js" defer(?: nonce="[^"]*")?><\/script>/;

/**
 * Reads the chat's data block in `html`: null when the page has no chat, else what its bootstrap
 * passes to UseResponse. Throws when the page holds more than one chat block.
 */
export function decodeChatPage(html: string): DecodedChatPage | null {
  const blocks = [...html.matchAll(DATA_BLOCK)];
  if (blocks.length === 0) {
    return CLIENT_SCRIPT.test(html) ? { userConfig: null, clear: false, widgetSrc: null } : null;
  }
  if (blocks.length > 1) throw new Error(`decodeChatPage: the page holds ${blocks.length} chat blocks; expected one`);
  const data = JSON.parse(blocks[0]![1]!) as { src?: string; id?: UseResponseChatConfig; clear?: string };
  return { userConfig: data.id ?? null, clear: Boolean(data.clear), widgetSrc: data.src ?? null };
}
