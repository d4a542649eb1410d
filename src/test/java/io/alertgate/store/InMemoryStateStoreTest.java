package io.alertgate.store;

import org.junit.jupiter.api.BeforeEach;

class InMemoryStateStoreTest extends StateStoreContract {
    private StateStore store;

    @BeforeEach
    void fresh() {
        store = new InMemoryStateStore();
    }

    @Override
    StateStore store() {
        return store;
    }
}
