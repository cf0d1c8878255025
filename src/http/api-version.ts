/** A microversion "X.Y", comparable. */
const literals = new Map<string, ApiVersion>();

export class ApiVersion {
  constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  static parse(s: string): ApiVersion | null {
    const m = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(s);
    return m ? new ApiVersion(Number(m[1]), Number(m[2])) : null;
  }

  /** Literals from code ("2.47"): parsed once, since views compare a dozen per server row. */
  static of(s: string): ApiVersion {
    let v = literals.get(s);
    if (v) return v;
    v = ApiVersion.parse(s) ?? undefined;
    if (!v) throw new Error(`bad version literal ${s}`);
    literals.set(s, v);
    return v;
  }

  compare(o: ApiVersion): number {
    return this.major - o.major || this.minor - o.minor;
  }

  /** this >= "X.Y" */
  atLeast(s: string): boolean {
    return this.compare(ApiVersion.of(s)) >= 0;
  }

  /** this <= "X.Y" */
  atMost(s: string): boolean {
    return this.compare(ApiVersion.of(s)) <= 0;
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}
