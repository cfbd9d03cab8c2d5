/**
 * An ordered admission chain (admission.chainAdmissionHandler): every handling plugin's `admit`
 * in order, then — after the registry validated the object — every handling plugin's `validate`
 * in order. The first error stops the chain.
 */
import type { AdmissionPlugin, Attributes } from './interfaces.js';

export class AdmissionChain {
  constructor(readonly plugins: readonly AdmissionPlugin[]) {}

  async admit(a: Attributes): Promise<void> {
    for (const p of this.plugins) {
      if (p.admit && p.handles(a.operation, a.resource, a.subresource)) await p.admit(a);
    }
  }

  async validate(a: Attributes): Promise<void> {
    for (const p of this.plugins) {
      if (p.validate && p.handles(a.operation, a.resource, a.subresource)) await p.validate(a);
    }
  }
}
