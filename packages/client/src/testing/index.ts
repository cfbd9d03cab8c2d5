export { FakeClient, type FakeAction, type FakeVerb, type Reactor, type FakeClientOptions } from './fake-client.js';
export { waitFor } from './wait.js';
