package org.opensearch.protobufs;

/**
 * The name of the gRPC query message the k-NN plugin's gRPC query converter mentions in its signatures; the node's
 * injector reflects over them. See {@link org.opensearch.transport.grpc.spi.QueryBuilderProtoConverter}.
 */
public final class QueryContainer {
  private QueryContainer() {}

  public enum QueryContainerCase {}
}
