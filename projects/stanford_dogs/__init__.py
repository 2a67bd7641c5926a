"""Stanford Dogs: classification, detection (via COCO JSON) and box crops."""
