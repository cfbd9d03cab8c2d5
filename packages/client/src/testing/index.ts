export { FakeClient, type FakeAction, type FakeVerb, type Reactor, type FakeClientOptions } from './fake-client.js';
export { mergePatch, strategicMergePatch, jsonPatch, type JsonPatchOp } from './patch.js';
export { waitFor } from './wait.js';
