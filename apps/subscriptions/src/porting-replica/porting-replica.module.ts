import { Module } from '@nestjs/common';
import { PortingLookup } from './porting.lookup.js';

@Module({ providers: [PortingLookup], exports: [PortingLookup] })
export class PortingReplicaModule {}
