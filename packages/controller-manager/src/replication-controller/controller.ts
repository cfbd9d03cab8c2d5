/**
 * The ReplicationManager: v1 ReplicationControllers (map selectors) run on the ReplicaSet
 * engine, exactly as Kubernetes runs them on the ReplicaSet controller's code.
 */
import type { ControllerContext } from '../controller-context.js';
import { ReplicaSetController } from '../replicaset/controller.js';
import { replicationControllerKind } from '../replicaset/replica-kind.js';

export class ReplicationManager extends ReplicaSetController {
  constructor(ctx: ControllerContext) {
    super(ctx, replicationControllerKind);
  }
}
