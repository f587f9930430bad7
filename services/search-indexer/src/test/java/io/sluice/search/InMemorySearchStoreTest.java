package io.sluice.search;

/** The contract against the reference store: the rules themselves, without storage. */
class InMemorySearchStoreTest extends SearchStoreContract {

    @Override
    protected SearchStore createStore() {
        return new InMemorySearchStore();
    }
}
