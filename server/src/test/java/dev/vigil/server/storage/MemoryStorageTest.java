package dev.vigil.server.storage;

class MemoryStorageTest extends StorageContractTest<MemoryStorage> {
  @Override
  protected MemoryStorage create() {
    return new MemoryStorage();
  }

  @Override
  protected long rejectedSamples(MemoryStorage storage) {
    return storage.rejectedSamples();
  }
}
