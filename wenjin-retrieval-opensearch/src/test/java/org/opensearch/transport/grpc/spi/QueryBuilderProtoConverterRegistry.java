package org.opensearch.transport.grpc.spi;

/** The name of the transport-grpc registry the k-NN plugin's gRPC query converter refers to; see {@link QueryBuilderProtoConverter}. */
public interface QueryBuilderProtoConverterRegistry {}
