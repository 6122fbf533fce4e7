import { z } from 'zod';
import { Timestamp } from './common.js';

// The fields other services rely on are pinned here; the owning service extends each schema with the rest
// of its resource (the objects stay open to additive fields, as a versioned contract allows).

export const SubscriptionChangeSchema = z.looseObject({
  object: z.literal('subscriptionChange'),
  id: z.string(),
  subscription: z.string(),
  type: z.enum(['simReplacement', 'providerChange']),
  createdAt: Timestamp,
});
