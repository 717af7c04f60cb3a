/**
 * Adapters for the step handlers, built once per container on first use. Split by what they pull
 * in, so each handler's bundle carries only the clients it uses. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables and `SLACK_API_URL`: locally they point at DynamoDB Local,
 * the local engine and the outboxes; on AWS they are unset. Configuration, not code paths.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesEmailSender } from '../../adapters/email/email-sender.ses';
import { EmailSupplierGateway } from '../../adapters/notifications/supplier-gateway.email';
import { catalog, config, once } from './data';

// Email only: the approval links' signing key lives in wiring/approval-links.ts, so steps that only
// email suppliers or buyers do not carry the Secrets Manager client.
export const email = /* @__PURE__ */ once(() => {
  const configurationSetName = config.sesConfigurationSet();
  return new SesEmailSender({ client: new SESv2Client({}), from: config.senderEmail(), ...(configurationSetName === undefined ? {} : { configurationSetName }) });
});

export const suppliers = /* @__PURE__ */ once(
  () =>
    new EmailSupplierGateway({
      email: email(),
      supplier: async (supplierId) => (await catalog()).suppliers.find((supplier) => supplier.supplierId === supplierId),
    }),
);
