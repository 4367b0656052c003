import { Module } from '@nestjs/common';
import { apiImports } from './app-imports.js';

@Module({ imports: apiImports() })
export class AppModule {}
