/** Whether shutdown has begun; readiness answers 503 from that moment so load balancers stop sending traffic. */
export class ShutdownState {
  private draining = false;

  begin(): void {
    this.draining = true;
  }

  get isShuttingDown(): boolean {
    return this.draining;
  }
}
