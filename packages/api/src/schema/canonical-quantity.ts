/**
 * Canonical serialization of resource quantities, as Kubernetes' resource.Quantity marshals
 * them: the suffix family of the input is kept (binary Ki…Ei, decimal n…E, or exponent e3…),
 * the largest suffix with an integer mantissa is chosen, and values are rounded up to milli
 * precision as SetDefaults_ResourceList does. `0.5` → `500m`, `2000m` → `2`, `1.5Gi` → `1536Mi`,
 * `1000` → `1k`, `1500` → `1500`, `1Gi` → `1Gi`. Exact: computed with BigInt in nano units.
 */

const QUANTITY = /^([+-]?)([0-9]+)?(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?[0-9]+))?$/;
const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const NANO = 10n ** 9n;
const MILLI_IN_NANO = 10n ** 6n;

type Format = 'binary' | 'decimal' | 'exponent';

function pow10(e: number): bigint {
  return 10n ** BigInt(e);
}

/** Parses to (value in nano units, format); undefined when the text is not a quantity. */
function parse(text: string): { nanos: bigint; format: Format } | undefined {
  const m = QUANTITY.exec(text.trim());
  if (!m || (m[2] === undefined && (m[3] === undefined || m[3] === ''))) return undefined;
  const [, sign, intPart = '', fracPart = '', bin, dec, exp] = m;
  const digits = BigInt(intPart + fracPart || '0');
  // value = digits × 10^-fracLen × multiplier
  let nanos: bigint;
  let format: Format = 'decimal';
  if (bin) {
    format = 'binary';
    nanos = (digits * NANO * 1024n ** BigInt(BINARY.indexOf(bin))) / pow10(fracPart.length);
  } else {
    let e = 0;
    if (dec) e = DECIMAL_EXP[dec];
    else if (exp !== undefined) {
      e = Number(exp);
      format = 'exponent';
    }
    const shift = 9 + e - fracPart.length;
    if (shift >= 0) nanos = digits * pow10(shift);
    else {
      const div = pow10(-shift);
      nanos = digits / div + (digits % div === 0n ? 0n : 1n); // round up below nano precision
    }
  }
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

function roundUpToMilli(nanos: bigint): bigint {
  const r = nanos % MILLI_IN_NANO;
  if (r === 0n) return nanos;
  return nanos > 0n ? nanos - r + MILLI_IN_NANO : nanos - r;
}

function decimalString(nanos: bigint, format: Format): string {
  if (nanos === 0n) return '0';
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  let exp = -9;
  let mantissa = abs;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  const suffix = format === 'exponent' ? (exp === 0 ? '' : `e${exp}`) : DECIMAL[exp];
  return `${neg ? '-' : ''}${mantissa}${suffix}`;
}

function binaryString(nanos: bigint): string | undefined {
  if (nanos % NANO !== 0n) return undefined;
  const neg = nanos < 0n;
  let n = (neg ? -nanos : nanos) / NANO;
  if (n === 0n) return '0';
  let i = 0;
  while (i < BINARY.length - 1 && n % 1024n === 0n) {
    n /= 1024n;
    i++;
  }
  return `${neg ? '-' : ''}${n}${BINARY[i]}`;
}

/** The canonical form of a quantity (rounded up to milli), or undefined when it does not parse. */
export function canonicalQuantity(q: string | number): string | undefined {
  const parsed = parse(typeof q === 'number' ? String(q) : q);
  if (!parsed) return undefined;
  const nanos = roundUpToMilli(parsed.nanos);
  if (parsed.format === 'binary') return binaryString(nanos) ?? decimalString(nanos, 'decimal');
  return decimalString(nanos, parsed.format);
}

/** Canonicalizes every quantity of a resource list in place; values that do not parse stay. */
export function canonicalizeResourceList(list: unknown): void {
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return;
  const l = list as Record<string, unknown>;
  for (const [k, v] of Object.entries(l)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const c = canonicalQuantity(v);
    if (c !== undefined) l[k] = c;
  }
}
