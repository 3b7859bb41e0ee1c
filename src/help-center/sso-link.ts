// UseResponse's help-center Single Sign-On link (the OneLogin method): its obfuscation, hash and decoding.
import { createHash } from 'node:crypto';

const hex = (algorithm: 'sha1' | 'md5', data: Uint8Array | string): string =>
  createHash(algorithm).update(data).digest('hex');

/** The bytes of `text` in UTF-8, last byte first. */
function reversedUtf8(text: string): Buffer {
  return Buffer.from(text, 'utf8').reverse();
}

/** The per-key material the link needs, derived once per key. */
export interface LinkKey {
  /** SHA-1 hex of the key: shifts each byte of an obfuscated field. */
  readonly shift: string;
  /** SHA-1 hex of the MD5 hex of the key's bytes reversed: joins the fields that are hashed. */
  readonly glue: string;
}

export function linkKey(securityKey: string): LinkKey {
  return { shift: hex('sha1', securityKey), glue: hex('sha1', hex('md5', reversedUtf8(securityKey))) };
}

/**
 * UseResponse's `enc`: each UTF-8 byte plus the char code of the key's SHA-1 hex at that position,
 * in base 36, reversed. Obfuscation only: whoever has the key can decode it. Every byte gives two
 * characters (48 + 0 ≥ 36 and 102 + 255 < 36²), which is what makes decoding possible.
 */
export function obfuscate(text: string, key: LinkKey): string {
  let out = '';
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const code = (bytes[i]! + key.shift.charCodeAt(i % 40)).toString(36);
    out += code[1]! + code[0]!;
  }
  return out;
}

/** The inverse of {@link obfuscate}, or undefined when `text` cannot be its output for this key. */
export function deobfuscate(text: string, key: LinkKey): string | undefined {
  // A shortcut: the round trip below refuses the same texts.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,Regex: the round trip at the end refuses an odd length or a character outside base 36 too
  if (text.length % 2 !== 0 || !/^[0-9a-z]*$/.test(text)) return undefined;
  const bytes = Buffer.alloc(text.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const byte = parseInt(text[2 * i + 1]! + text[2 * i]!, 36) - key.shift.charCodeAt(i % 40);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a byte out of range wraps when stored, and the round trip at the end refuses it
    if (byte < 0 || byte > 255) return undefined;
    bytes[i] = byte;
  }
  const decoded = bytes.toString('utf8');
  // Bytes that are not UTF-8 would decode to U+FFFD and not encode back the same.
  return obfuscate(decoded, key) === text ? decoded : undefined;
}

/** The fields a link signs. */
export interface SignedFields {
  source: string;
  name: string;
  email: string;
  id: string;
}

/** SHA-1 hex of the reversed UTF-8 bytes of `name K id K email K source`. */
export function linkHash(fields: SignedFields, key: LinkKey): string {
  const { glue } = key;
  return hex('sha1', reversedUtf8(`${fields.name}${glue}${fields.id}${glue}${fields.email}${glue}${fields.source}`));
}

/** The signed link: `{base}/sso/{source}/{name}/{email}/{id}/{hash}/direct-sso[?redirect=…&properties[…]=…]`. */
export function buildLink(
  base: string,
  fields: SignedFields,
  key: LinkKey,
  redirect: string | undefined,
  properties: Readonly<Record<string, string>>,
): string {
  const path = [fields.source, fields.name, fields.email, fields.id].map((field) => obfuscate(field, key));
  let link = `${base}/sso/${path.join('/')}/${linkHash(fields, key)}/direct-sso`;
  const query: string[] = [];
  if (redirect !== undefined) query.push(`redirect=${encodeURIComponent(redirect)}`);
  for (const name of Object.keys(properties)) {
    query.push(`${encodeURIComponent(`properties[${name}]`)}=${obfuscate(properties[name]!, key)}`);
  }
  if (query.length > 0) link += `?${query.join('&')}`;
  return link;
}

/** What a link says, read with the key: what a help center sees when it verifies it. */
export interface DecodedLink {
  /** The help center's base URL, everything before `/sso/`. */
  base: string;
  /** Undefined where a field is not the obfuscation of anything under this key. */
  source: string | undefined;
  name: string | undefined;
  email: string | undefined;
  id: string | undefined;
  redirect: string | undefined;
  properties: Record<string, string | undefined>;
  /** Whether the hash matches the decoded fields: the link was made with this key and not changed. */
  valid: boolean;
}

const LINK_PATH = /^(.*)\/sso\/([^/]*)\/([^/]*)\/([^/]*)\/([^/]*)\/([0-9a-f]{40})\/direct-sso\/?$/;
const PROPERTY_PARAM = /^properties\[(.+)\]$/;

/** Decodes a signed link with the key, or returns undefined when it does not have the link's shape. */
export function decodeLink(link: string, securityKey: string): DecodedLink | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  const match = LINK_PATH.exec(url.pathname);
  if (match === null) return undefined;
  const key = linkKey(securityKey);
  const [source, name, email, id] = match.slice(2, 6).map((field) => deobfuscate(field, key));
  const properties: Record<string, string | undefined> = {};
  for (const [param, value] of url.searchParams) {
    const property = PROPERTY_PARAM.exec(param)?.[1];
    if (property !== undefined) properties[property] = deobfuscate(value, key);
  }
  // With a field undecoded the hash would be of the text "undefined": only whoever holds the key
  // could make a link match that, and they can sign a real link anyway.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: an undecodable field fails the hash comparison as well
  const decoded = source !== undefined && name !== undefined && email !== undefined && id !== undefined;
  const valid = decoded && linkHash({ source, name, email, id }, key) === match[6];
  return {
    base: `${url.origin}${match[1]}`,
    source,
    name,
    email,
    id,
    redirect: url.searchParams.get('redirect') ?? undefined,
    properties,
    valid,
  };
}
