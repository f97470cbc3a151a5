// The median of repetitions and how well it is known. A figure is printed as a result only when
// its spread is within ±STABLE; wider, the report marks it unstable instead.

/** ±10%: the widest spread of a median that the report prints as a result. */
export const STABLE = 0.1;

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * The spread of the median of `xs`: a distribution-free ~95% confidence interval, from order
 * statistics (ranks n/2 ± 0.98·√n, as for a binomial(n, ½) around the median). With 5 samples it
 * is min – max; with 25, the 7th to the 19th value, so a few outliers from a loaded machine do
 * not decide it. `rel` is the interval's half-width relative to the median.
 */
export function spreadOf(xs: number[]): { median: number; lo: number; hi: number; rel: number } {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const m = median(s);
  // Fewer than three repetitions cannot show a spread: never call such a median known.
  if (n < 3) return { median: n === 0 ? NaN : m, lo: s[0] ?? NaN, hi: s[n - 1] ?? NaN, rel: Infinity };
  const k = Math.max(0, Math.floor(n / 2 - 0.98 * Math.sqrt(n)));
  const lo = s[k]!;
  const hi = s[n - 1 - k]!;
  return { median: m, lo, hi, rel: m === 0 ? 0 : (hi - lo) / 2 / Math.abs(m) };
}

/** True when the median of `xs` is known within ±STABLE. */
export const stable = (xs: number[]) => spreadOf(xs).rel <= STABLE;
