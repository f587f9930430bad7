package io.sluice.inventory;

/** The contract against the reference store: the rules themselves, without storage. */
class InMemoryInventoryStoreTest extends InventoryStoreContract {

    @Override
    protected InventoryStore createStore(int lowStockThreshold) {
        return new InMemoryInventoryStore(lowStockThreshold);
    }
}
