// What UseResponse does with a help-center SSO link: decode it with the key and check its hash.
// Written from UseResponse's published scheme, apart from the package, so the demo checks the package.
import { createHash } from 'node:crypto';

const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex');
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

export interface VerifiedUser {
  source: string;
  name: string;
  email: string;
  id: string;
  properties: Record<string, string>;
}

/** Base 36, two characters a byte, each reversed, each shifted by the key's SHA-1 hex. */
function decode(text: string, keyHash: string): string | undefined {
  if (!/^(?:[0-9a-z]{2})*$/.test(text)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 2) {
    bytes.push(parseInt(text[i + 1]! + text[i]!, 36) - keyHash.charCodeAt((i / 2) % 40));
  }
  if (bytes.some((b) => b < 0 || b > 255)) return undefined;
  return Buffer.from(bytes).toString('utf8');
}

/** The user a `/sso/{source}/{name}/{email}/{id}/{hash}/direct-sso` link signs in, or undefined when it does not verify. */
export function verifyLink(
  segments: string[],
  query: URLSearchParams,
  securityKey: string,
  integrationDomain: string,
): VerifiedUser | undefined {
  const keyHash = sha1(securityKey);
  const [source, name, email, id] = segments.slice(0, 4).map((s) => decode(s, keyHash));
  const hash = segments[4];
  if (source === undefined || name === undefined || email === undefined || id === undefined) return undefined;
  if (source !== integrationDomain) return undefined;
  const glue = sha1(md5(Buffer.from(securityKey, 'utf8').reverse()));
  const expected = sha1(Buffer.from(`${name}${glue}${id}${glue}${email}${glue}${source}`, 'utf8').reverse());
  if (hash !== expected) return undefined;
  const properties: Record<string, string> = {};
  for (const [param, value] of query) {
    const field = /^properties\[(property_\d+)\]$/.exec(param)?.[1];
    const decoded = field === undefined ? undefined : decode(value, keyHash);
    if (field !== undefined && decoded !== undefined) properties[field] = decoded;
  }
  return { source, name, email, id, properties };
}
