import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { SimulateUsageDto } from './network-simulator.dto.js';
import { NetworkSimulator, type PlannedView } from './network-simulator.service.js';

/**
 * The simulated mobile network's usage feed (internal token; not a partner route): tests, sandbox tooling and ops
 * tell it what subscriptions used; it answers which records it will report and when.
 */
@Controller('internal/network')
export class NetworkSimulatorController {
  constructor(private readonly simulator: NetworkSimulator) {}

  @Post('usage')
  @HttpCode(202)
  usage(@Body() body: SimulateUsageDto): Promise<{ planned: PlannedView[] }> {
    return this.simulator.simulate(body);
  }
}
