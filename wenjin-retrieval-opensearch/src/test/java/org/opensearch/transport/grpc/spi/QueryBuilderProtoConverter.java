package org.opensearch.transport.grpc.spi;

/**
 * The name of the transport-grpc extension point, so that the k-NN plugin's classes load.
 *
 * <p>KNNPlugin.createComponents always builds its gRPC query converter, which implements this interface, but
 * transport-grpc is not published to Maven Central. The test node serves REST only, so nothing calls it.
 */
public interface QueryBuilderProtoConverter {}
