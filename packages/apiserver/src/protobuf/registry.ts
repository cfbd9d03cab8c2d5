/** Builds protobufjs types from the message table once, and finds the message of a kind. */
import protobuf from 'protobufjs';
import { kindDescriptorFor } from '@kemu/api';
import { MESSAGES } from './messages.js';

const PREFIX = 'k8s.io.';

let root: protobuf.Root | undefined;

function build(): protobuf.Root {
  const r = new protobuf.Root();
  for (const [name, fields] of Object.entries(MESSAGES)) {
    const full = PREFIX + name;
    const dot = full.lastIndexOf('.');
    const type = new protobuf.Type(full.slice(dot + 1));
    for (const [fieldName, spec] of Object.entries(fields)) {
      const [id, t, rule, keyType] = spec as [number, string, string?, string?];
      const typeRef = t.includes('.') ? `.${PREFIX}${t}` : t;
      if (rule === 'map') type.add(new protobuf.MapField(fieldName, id, keyType!, typeRef));
      else type.add(new protobuf.Field(fieldName, id, typeRef, rule === 'repeated' ? 'repeated' : 'optional'));
    }
    r.define(full.slice(0, dot)).add(type);
  }
  r.resolveAll();
  return r;
}

export function protoRoot(): protobuf.Root {
  root ??= build();
  return root;
}

export function lookupMessage(name: string): protobuf.Type | undefined {
  const full = name.startsWith(PREFIX) ? name : PREFIX + name;
  try {
    return protoRoot().lookupType(full);
  } catch {
    return undefined;
  }
}

/**
 * The message of an apiVersion/kind: a built-in kind's (and its list's) from its descriptor; for
 * the other messages (Status, Scale, Eviction...) the Kubernetes package convention,
 * `apps/v1` + `Deployment` → `api.apps.v1.Deployment`.
 */
export function messageNameFor(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const isList = kind.endsWith('List');
  const described =
    kindDescriptorFor({ group, version, kind }) ?? (isList ? kindDescriptorFor({ group, version, kind: kind.slice(0, -4) }) : undefined);
  if (described) {
    if (!described.protobuf) return undefined;
    const name = described.kind === kind ? described.protobuf : `${described.protobuf}List`;
    return name in MESSAGES ? name : undefined;
  }
  const candidates: string[] = [];
  if (group === '' || group === 'meta.k8s.io') candidates.push(`apimachinery.pkg.apis.meta.${version}.${kind}`);
  const pkg = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\./g, '');
  candidates.unshift(`api.${pkg}.${version}.${kind}`);
  return candidates.find((c) => c in MESSAGES);
}

/** The short name (without the `k8s.io.` prefix) of a protobufjs type. */
export function shortName(t: protobuf.Type): string {
  return t.fullName.replace(/^\./, '').slice(PREFIX.length);
}
