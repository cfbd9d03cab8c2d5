/** Data plugins share within one scheduling cycle of one pod (e.g. PreScore results for Score). */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
}
