"""The Qt-free core: dictionary, segmentation, readings, documents, vocabulary, export."""
