import { kvContract } from './kv-contract.ts';
import { MemoryStore } from './memory-store.ts';

kvContract('memory', { open: () => new MemoryStore() });
