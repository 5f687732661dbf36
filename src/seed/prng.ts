// Deterministic pseudo-random numbers for the seed: the same inputs always give the same rows.
//
// Every row draws from its own stream, seeded from (table salt, row coordinates) by an integer
// hash, rather than from one stream per run. A row is then a pure function of its coordinates:
// tables can be generated in chunks, in any order, and a table can recompute what it needs of
// another one (the session reports re-derive their bookings' status) without keeping it in memory.

/** FNV-1a of a string: turns a name ("bookings") into a 32-bit salt. */
export function saltOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Final mix of MurmurHash3: a 32-bit avalanche. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a salt and up to three integers. */
export function mix(salt: number, a: number, b = 0, c = 0): number {
  let h = fmix32(salt ^ 0x9e3779b9);
  h = fmix32(h ^ Math.imul(a + 1, 0x27d4eb2d));
  h = fmix32(h ^ Math.imul(b + 1, 0x165667b1));
  h = fmix32(h ^ Math.imul(c + 1, 0x61c88647));
  return h;
}

/** mulberry32 (Tommy Ettinger): tiny, fast, and good enough for demo data. */
export class Rng {
  private state: number;

  constructor(seed = 0) {
    this.state = seed >>> 0;
  }

  /** Restarts the stream (one object is reused for millions of rows). */
  reseed(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A multiple of step in [min, max]. */
  step(min: number, max: number, step: number): number {
    return min + step * this.int(0, Math.floor((max - min) / step));
  }

  /** Number in [min, max] rounded to the given decimals. */
  real(min: number, max: number, decimals: number): number {
    const factor = 10 ** decimals;
    return Math.round((min + this.next() * (max - min)) * factor) / factor;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** count distinct items, in the order of the list. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen: T[] = [];
    let needed = Math.min(count, items.length);
    for (let i = 0; i < items.length && needed > 0; i += 1) {
      if (this.next() * (items.length - i) < needed) {
        chosen.push(items[i]);
        needed -= 1;
      }
    }
    return chosen;
  }

  /** An item by weight: weighted([['a', 3], ['b', 1]]) is 'a' three times out of four. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Lower-case hexadecimal digits. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    return text.slice(0, length);
  }

  bytes(length: number): Buffer {
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i += 1) bytes[i] = Math.floor(this.next() * 256);
    return bytes;
  }
}
