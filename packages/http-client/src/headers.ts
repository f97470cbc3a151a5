/** Response (and trailer) fields: case-insensitive lookup, repeated fields kept in order. */
import { invalidArgType } from '@ferrite/future/errors';

/** A field name to look up: a string (ERR_INVALID_ARG_TYPE otherwise), lower-cased. */
function lookupKey(name: unknown): string {
  if (typeof name !== 'string') throw invalidArgType('name', 'a string', name);
  return name.toLowerCase();
}

export class Headers implements Iterable<[string, string]> {
  readonly #entries: [string, string][] = [];
  readonly #index = new Map<string, string[]>();

  /** @internal */
  append(name: string, value: string): void {
    this.#entries.push([name, value]);
    const key = name.toLowerCase();
    const list = this.#index.get(key);
    if (list) list.push(value);
    else this.#index.set(key, [value]);
  }

  /** The field's values joined with ', ' (as RFC 9110 allows), or null if absent. @throws ERR_INVALID_ARG_TYPE if `name` is not a string. */
  get(name: string): string | null {
    const list = this.#index.get(lookupKey(name));
    return list === undefined ? null : list.join(', ');
  }

  /** Every value of a repeated field, in order (Set-Cookie must be read this way). */
  getAll(name: string): string[] {
    return [...(this.#index.get(lookupKey(name)) ?? [])];
  }

  /** @internal The values of a lower-case `key`, not copied (for the client's own checks, read only), or undefined. */
  valuesOf(key: string): readonly string[] | undefined {
    return this.#index.get(key);
  }

  has(name: string): boolean {
    return this.#index.has(lookupKey(name));
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Fields as received: original case, original order. */
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.#entries[Symbol.iterator]();
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries([...this.#index.keys()].map((k) => [k, this.get(k)!]));
  }
}
