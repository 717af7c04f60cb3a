/**
 * Builders of the doors' email adapters (SES), for composeDoorDependencies. The supplier gateway
 * mails purchase-order changes to the supplier it looks up in the catalog, so it also needs DynamoDB.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesEmailSender } from '../../adapters/email/email-sender.ses';
import { EmailSupplierGateway } from '../../adapters/notifications/supplier-gateway.email';
import type { DoorAdapterBuilder } from './door-composition';
import { catalogRepository } from './door-adapters.dynamodb';

const sesClient = (() => {
  let client: SESv2Client | undefined;
  return () => (client ??= new SESv2Client({}));
})();

export const emailSender: DoorAdapterBuilder<'email'> = (config) => {
  const configurationSetName = config.sesConfigurationSet();
  return new SesEmailSender({ client: sesClient(), from: config.senderEmail(), ...(configurationSetName ? { configurationSetName } : {}) });
};

export const supplierGateway: DoorAdapterBuilder<'suppliers'> = (config) => {
  const catalog = catalogRepository(config);
  return new EmailSupplierGateway({ email: emailSender(config), supplier: (supplierId) => catalog.get('supplier', supplierId) });
};
