import { Controller, Get, Param, Query } from '@nestjs/common';
import { SimCredentialsSchema, type SimCredentials } from '@simline/contracts';
import { ApiRoute, NoQueryDto } from '@simline/platform';
import { SubscriptionPathDto } from '../subscriptions/subscription.dto.js';
import { SIM_CREDENTIALS_EXAMPLE } from './sim-credentials.examples.js';
import { SimCredentialsService } from './sim-credentials.service.js';

/** eSIM install credentials: the LPA activation code, its QR code and install links (docs/decisions/0204). */
@Controller('projects/:project/subscriptions/:subscription/simCredentials')
export class SimCredentialsController {
  constructor(private readonly credentials: SimCredentialsService) {}

  @Get()
  @ApiRoute({
    summary: "Retrieve a subscription's eSIM credentials",
    description:
      "What the end user needs to install the subscription's eSIM: the SM-DP+ address and matching id as an LPA activation code (`LPA:1$<smdpAddress>$<matchingId>`), " +
      'the same code as a QR code (PNG, `data:` URL) and one-tap install links for iOS and Android. Always those of the current SIM: after a SIM replacement, the old SIM’s credentials are no longer served. ' +
      'Each read is recorded as a `sim.credentialsViewed` event. A pSIM has none (409 `simNotESim`), nor has an ended subscription (409 `subscriptionEnded`).',
    tags: ['Subscriptions'],
    responses: [
      {
        status: 200,
        description: 'Returns the eSIM credentials.',
        schema: SimCredentialsSchema,
        example: SIM_CREDENTIALS_EXAMPLE,
      },
    ],
    errors: [404, 409, 422],
  })
  get(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Query() _query: NoQueryDto,
  ): Promise<SimCredentials> {
    return this.credentials.get(project, subscription);
  }
}
