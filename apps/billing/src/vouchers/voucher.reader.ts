import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ResourceReaders } from '@simline/platform';
import { VoucherEntity } from './voucher.entity.js';
import { toVoucher } from './voucher.mapper.js';

/**
 * Vouchers by code as other services' decisions read them (`/internal/resources/voucherCode/{code}`): the
 * subscriptions service checks a code given at subscription creation here (docs/decisions/0403, 0008).
 */
@Injectable()
export class VoucherReader implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readers: ResourceReaders,
  ) {}

  onModuleInit(): void {
    this.readers.register({
      type: 'voucherCode',
      get: async (project, code) => {
        const v = await this.dataSource.getRepository(VoucherEntity).findOneBy({ project, code });
        return v ? { id: v.id, project: v.project, sequence: v.timesRedeemed + 1, data: toVoucher(v) } : null;
      },
    });
  }
}
