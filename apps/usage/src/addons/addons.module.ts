import { Module } from '@nestjs/common';
import { AddonAllowances } from './addon-allowances.service.js';

@Module({ providers: [AddonAllowances], exports: [AddonAllowances] })
export class AddonsModule {}
