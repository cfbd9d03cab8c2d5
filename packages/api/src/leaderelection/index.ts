export {
  LeaderElector,
  type ElectionLogger,
  type LeaderElectionConfig,
  type LeaderElectorOptions,
  type LeaseClient,
  type LeaseLock,
} from './leader-elector.js';
