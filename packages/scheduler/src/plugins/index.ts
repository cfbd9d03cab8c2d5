/** The in-tree plugin registry. */
import type { PluginFactory } from '../framework/interfaces.js';
import type { Registry } from '../framework/registry.js';
import * as defaultBinder from './default-binder/index.js';
import * as nodeAffinity from './node-affinity/index.js';
import * as nodeName from './node-name/index.js';
import * as nodePorts from './node-ports/index.js';
import * as nodeReady from './node-ready/index.js';
import * as nodeResourcesFit from './node-resources-fit/index.js';
import * as nodeUnschedulable from './node-unschedulable/index.js';
import * as selectorSpread from './selector-spread/index.js';
import * as taintToleration from './taint-toleration/index.js';

const plugins: { name: string; factory: PluginFactory }[] = [
  nodeUnschedulable,
  nodeName,
  nodeReady,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  selectorSpread,
  defaultBinder,
];

export function inTreeRegistry(): Registry {
  return new Map(plugins.map((p) => [p.name, p.factory]));
}
