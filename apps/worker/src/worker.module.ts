import { Module } from '@nestjs/common';
import { workerImports } from './worker-imports.js';

@Module({ imports: workerImports() })
export class WorkerModule {}
