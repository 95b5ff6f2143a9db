/**
 * Deterministic pseudo-random numbers (mulberry32). The simulator never calls Math.random:
 * a run repeats exactly for a given seed. `derive` gives independent streams keyed by a label,
 * so e.g. a copy's jitter does not depend on the order in which requests arrived.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** A new independent stream derived from this seed and `label`. */
  derive(label: string): Rng;
}

export function createRng(seed: number | string): Rng {
  const base = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  let state = base;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (n) => Math.floor(next() * n),
    hex: (n) => {
      let out = '';
      while (out.length < n) out += Math.floor(next() * 16).toString(16);
      return out;
    },
    derive: (label) => createRng(hashString(`${base}:${label}`)),
  };
}

/** FNV-1a 32-bit. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
