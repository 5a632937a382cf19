// The Admin GraphQL documents of the backfill. Each bulk query reads one
// top-level connection; nested connections (variants, line items) become
// lines of their own in the result, joined back through __parentId
// (bulkJsonl.ts). Fields are those shopifyBulkRecords.ts translates.

export const BACKFILL_RESOURCES = ["customers", "products", "orders"] as const;
export type BackfillResource = (typeof BACKFILL_RESOURCES)[number];

const ADDRESS = "name firstName lastName address1 city zip provinceCode countryCodeV2";

export const BULK_QUERIES: Record<BackfillResource, string> = {
  customers: `#graphql
query PearlBackfillCustomers {
  customers {
    edges {
      node {
        id firstName lastName note locale tags createdAt updatedAt
        defaultEmailAddress { emailAddress marketingState }
        defaultPhoneNumber { phoneNumber }
        defaultAddress { ${ADDRESS} }
      }
    }
  }
}`,
  products: `#graphql
query PearlBackfillProducts {
  products {
    edges {
      node {
        id title handle productType vendor tags status publishedAt createdAt updatedAt
        featuredMedia { preview { image { url } } }
        variants {
          edges { node { id title sku price compareAtPrice inventoryQuantity } }
        }
      }
    }
  }
}`,
  orders: `#graphql
query PearlBackfillOrders {
  orders {
    edges {
      node {
        id name email currencyCode processedAt createdAt updatedAt cancelledAt cancelReason
        displayFinancialStatus displayFulfillmentStatus sourceName note tags discountCodes
        subtotalPriceSet { shopMoney { amount } }
        totalPriceSet { shopMoney { amount } }
        totalDiscountsSet { shopMoney { amount } }
        totalTaxSet { shopMoney { amount } }
        customer { id }
        billingAddress { ${ADDRESS} }
        shippingAddress { ${ADDRESS} }
        customAttributes { key value }
        lineItems {
          edges {
            node {
              id title name sku variantTitle vendor quantity isGiftCard
              product { id }
              variant { id }
              originalUnitPriceSet { shopMoney { amount } }
              totalDiscountSet { shopMoney { amount } }
              customAttributes { key value }
            }
          }
        }
      }
    }
  }
}`,
};

/** Children right after their parent: what lets the result be read as a stream. */
export const RUN_BULK_QUERY = `#graphql
mutation PearlRunBulkQuery($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: true) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;

export const BULK_OPERATION = `#graphql
query PearlBulkOperation($id: ID!) {
  node(id: $id) {
    ... on BulkOperation { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt }
  }
}`;

/** Costs the client reserves before sending: a mutation is 10 points, a node lookup 1. */
export const COST = { runBulkQuery: 10, bulkOperation: 1 } as const;

export interface BulkOperationNode {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
  errorCode: string | null;
  objectCount: string | null;
  rootObjectCount?: string | null;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  completedAt?: string | null;
}
