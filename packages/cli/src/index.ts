/**
 * @kemu/cli — the `kemu` command: starts and supervises a local multi-process cluster (state in
 * `$KEMU_HOME/state.json`), chaos verbs, status, logs. The component definitions exported here
 * (entry scripts + flags) are the single source for `kemu up`, `kemu restart`, the docker-compose
 * node agent and the compose test.
 */
export * from './components.js';
export * from './component-names.js';
export * from './compose-plan.js';
export { kubeconfigFor, type KubeconfigOptions } from './kubeconfig.js';
export {
  apiserverSANs,
  clusterIdentities,
  createCertificateAuthority,
  hasClusterPki,
  issueServingCertificate,
  pkiFiles,
  writeClusterPki,
  type ClusterPkiOptions,
  type Identity,
  type KeyPairPem,
  type ServingCertOptions,
} from './pki.js';
export { accessFromKubeconfig, getJson, httpGet, type ApiAccess } from './api.js';
export { freePort, portInUse } from './health.js';
export { kemuHome, paths, readState, type ClusterState, type ComponentRecord } from './state.js';
export { nodeAgentSpecs, type NodeAgentOptions } from './commands/node-agent.js';
export { buildProgram } from './program.js';
export { renderTable } from './table.js';
