/**
 * ControllerRefManager: decides which objects an owner controls. An object already controlled by
 * the owner is kept while the selector matches and released when it no longer does; an orphan
 * that matches is adopted (after re-checking the owner is not being deleted); objects controlled
 * by someone else are ignored.
 */
import type { KubeObject, OwnerReference, ResourceInfo, Selector } from '@kemu/api';
import { controllerOf, isNotFound } from '@kemu/api';
import type { Client } from '@kemu/client';

export interface ClaimOptions<T extends KubeObject> {
  client: Client;
  /** The owner; its uid and deletionTimestamp decide adoption. */
  owner: KubeObject;
  /** The controller reference put on adopted objects. */
  ownerRef: OwnerReference;
  selector: Selector;
  /** The resource of the objects being claimed (pods, replicasets). */
  resource: ResourceInfo;
  objects: T[];
  /** Rejects when the owner may not adopt (deleted or replaced since the cache saw it). */
  canAdopt: () => Promise<void>;
}

/** Returns the objects the owner controls after adoption and release. */
export async function claimObjects<T extends KubeObject>(o: ClaimOptions<T>): Promise<T[]> {
  const claimed: T[] = [];
  let adoptCheck: Promise<void> | undefined;
  const ownerUid = o.owner.metadata.uid;
  for (const obj of o.objects) {
    const ref = controllerOf(obj);
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (o.selector.matches(obj.metadata.labels)) {
        claimed.push(obj);
        continue;
      }
      if (o.owner.metadata.deletionTimestamp) continue;
      await release(o, obj);
      continue;
    }
    if (o.owner.metadata.deletionTimestamp || obj.metadata.deletionTimestamp) continue;
    if (!o.selector.matches(obj.metadata.labels)) continue;
    adoptCheck ??= o.canAdopt();
    await adoptCheck;
    const adopted = await adopt(o, obj);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function adopt<T extends KubeObject>(o: ClaimOptions<T>, obj: T): Promise<T | undefined> {
  const refs = [...(obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== o.ownerRef.uid), o.ownerRef];
  try {
    return await o.client.patch<T>(o.resource, obj.metadata.namespace, obj.metadata.name!, 'merge', {
      metadata: { ownerReferences: refs, uid: obj.metadata.uid },
    });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function release<T extends KubeObject>(o: ClaimOptions<T>, obj: T): Promise<void> {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== o.owner.metadata.uid);
  try {
    await o.client.patch(o.resource, obj.metadata.namespace, obj.metadata.name!, 'merge', {
      metadata: { ownerReferences: refs.length ? refs : null, uid: obj.metadata.uid },
    });
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
}

/**
 * The usual canAdopt: fetch the owner fresh from the server and refuse when it is gone, was
 * replaced (different uid) or is being deleted.
 */
export function recheckOwner(client: Client, resource: ResourceInfo, owner: KubeObject): () => Promise<void> {
  return async () => {
    const fresh = await client.get(resource, owner.metadata.namespace, owner.metadata.name!);
    if (fresh.metadata.uid !== owner.metadata.uid) {
      throw new Error(
        `original ${resource.resource} ${owner.metadata.namespace}/${owner.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`,
      );
    }
    if (fresh.metadata.deletionTimestamp) {
      throw new Error(
        `${resource.resource} ${owner.metadata.namespace}/${owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`,
      );
    }
  };
}
