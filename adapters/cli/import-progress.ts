/**
 * A one-line progress indicator for people at a terminal: percent of the file read and rows so far, redrawn
 * at most a few times a second so that drawing never slows the import.
 */
export class ImportProgress {
  private rows = 0;
  private lastDrawn = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly totalBytes: number,
    private readonly bytesRead: () => number,
  ) {}

  row(): void {
    this.rows += 1;
    const now = Date.now();
    if (now - this.lastDrawn < 200) return;
    this.lastDrawn = now;
    const percent = this.totalBytes > 0 ? Math.min(100, Math.floor((this.bytesRead() / this.totalBytes) * 100)) : 100;
    this.stream.write(`\rimporting… ${percent}% (${this.rows.toLocaleString('en')} rows)`);
  }

  /** Clears the line, so what follows starts on a clean one. */
  done(): void {
    if (this.lastDrawn > 0) this.stream.write('\r\x1b[2K');
  }
}
