#!/bin/bash
# stop: nothing to stop; say so.
echo "stop" >> "$OCTOPODA_OUTPUT"
