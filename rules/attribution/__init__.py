"""Attribution and sourcing: claims without a source, speakers without a name."""
