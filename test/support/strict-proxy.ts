// A user object as some libraries hand it out: a Proxy that throws for any field it lacks.

/** `fields` behind a Proxy whose get throws `no field <key>` for a key it does not have ("then" too). */
export function strictProxy<T extends object>(fields: T): T {
  return new Proxy(fields, {
    get(target, key) {
      if (key in target) return target[key as keyof T];
      throw new Error(`no field ${String(key)}`);
    },
  });
}
