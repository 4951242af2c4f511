export type {
  CommitQuery, CommitRecord, IndexProbe, QuerySource, ScanOptions, SourceDoc,
} from './source.ts';
