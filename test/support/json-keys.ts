// Finds object keys written with a JSON escape: on V8 with nodejs/node#63785 such keys can read back wrong.

/** The raw text of every object key in `json` that contains a backslash escape. */
export function escapedKeys(json: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < json.length) {
    if (json[i] !== '"') {
      i++;
      continue;
    }
    let end = i + 1;
    while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
    const raw = json.slice(i + 1, end);
    let next = end + 1;
    while (/\s/.test(json[next] ?? '')) next++;
    if (json[next] === ':' && raw.includes('\\')) found.push(raw);
    i = end + 1;
  }
  return found;
}

/** Leaves V8 as any other script on a page can: it has parsed a key that is an escaped backslash. */
export const POISON_JSON_PARSE = String.raw`JSON.parse('{"\\\\":0}')`;
