/**
 * A client that lists and watches like a reflector and records every resourceVersion the server
 * shows it (each list's resourceVersion, each event's object), so a test can check that none ever
 * goes backwards. It resumes a broken watch from the last resourceVersion it saw, relists on
 * 410, and remembers which names it saw ADDED (exactly-once checks).
 */
import { isGone, type KubeObject, type ResourceInfo } from '@kemu/api';
import type { Client } from '@kemu/client';

export class RecordingWatcher {
  /** Every resourceVersion seen, in order. */
  readonly rvs: number[] = [];
  /** Times the server answered a watch with 410 Gone/Expired. */
  gone = 0;
  lists = 0;
  /** Watches opened after the first (resumes and re-watches). */
  resumes = 0;
  /** name → number of ADDED events. */
  readonly added = new Map<string, number>();
  /** Moment each name was first seen (ADDED or in a list). */
  readonly firstSeen = new Map<string, number>();
  private rv = '';

  constructor(
    private readonly client: Client,
    private readonly r: ResourceInfo,
    private readonly namespace: string,
  ) {}

  /** The resourceVersions that are lower than the one before them. */
  backwards(): { index: number; from: number; to: number }[] {
    const out: { index: number; from: number; to: number }[] = [];
    for (let i = 1; i < this.rvs.length; i++)
      if (this.rvs[i] < this.rvs[i - 1]) out.push({ index: i, from: this.rvs[i - 1], to: this.rvs[i] });
    return out;
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.relist(signal);
    let first = true;
    while (!signal.aborted) {
      if (!first) this.resumes++;
      first = false;
      let relist = false;
      try {
        for await (const ev of this.client.watch<KubeObject>(
          this.r,
          { namespace: this.namespace, resourceVersion: this.rv, allowWatchBookmarks: true },
          signal,
        )) {
          if (ev.type === 'ERROR') {
            const code = (ev.object as unknown as { code?: number }).code;
            if (code === 410) {
              this.gone++;
              relist = true;
            }
            break;
          }
          const rv = ev.object.metadata.resourceVersion!;
          this.rvs.push(Number(rv));
          this.rv = rv;
          if (ev.type === 'ADDED') {
            const name = ev.object.metadata.name!;
            this.added.set(name, (this.added.get(name) ?? 0) + 1);
            if (!this.firstSeen.has(name)) this.firstSeen.set(name, Date.now());
          }
        }
      } catch (err) {
        if (isGone(err)) {
          this.gone++;
          relist = true;
        } else await sleep(100, signal);
      }
      if (relist && !signal.aborted) await this.relist(signal);
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const list = await this.client.list<KubeObject>(this.r, { namespace: this.namespace });
        this.lists++;
        this.rvs.push(Number(list.metadata.resourceVersion));
        this.rv = list.metadata.resourceVersion!;
        for (const o of list.items) if (!this.firstSeen.has(o.metadata.name!)) this.firstSeen.set(o.metadata.name!, Date.now());
        return;
      } catch {
        await sleep(100, signal);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
