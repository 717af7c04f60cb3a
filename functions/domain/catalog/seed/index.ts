export { seedCatalog } from './seed-catalog';
export { seedStock } from './seed-stock';
export { seedOrderRequests } from './seed-order-requests';
