#!/usr/bin/env bash
# Renders deploy/k8s/overlays/$ENVIRONMENT for one release into $RENDERED (default build/<env>.yaml):
#   - every tally container runs IMAGE_REPOSITORY@IMAGE_DIGEST (kustomize `images:`): pinned by digest, so a tag
#     moved or re-pushed after the build can never change what runs,
#   - the migration Job is named for the release (ci/release-name.sh),
#   - overlays that keep secrets out of git (staging, production) get them from SECRETS_ENV_FILE
#     (a Jenkins file credential).
# Works on a temporary copy, so the repository is never modified and no secret lands in the workspace.
set -euo pipefail

: "${ENVIRONMENT:?ENVIRONMENT must be development, staging or production}"
: "${IMAGE_REPOSITORY:?IMAGE_REPOSITORY must be set, e.g. registry.example.com/tally}"
: "${IMAGE_TAG:?IMAGE_TAG must be set: the commit the image was built from}"
: "${IMAGE_DIGEST:?IMAGE_DIGEST must be set: the sha256:… digest ci/push-image.sh reported}"
RENDERED="${RENDERED:-build/${ENVIRONMENT}.yaml}"

case "$ENVIRONMENT" in
  development | staging | production) ;;
  *) echo "render: unknown ENVIRONMENT '$ENVIRONMENT'; allowed: development, staging, production" >&2; exit 2 ;;
esac
if [[ ! "$IMAGE_TAG" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]]; then
  echo "render: IMAGE_TAG '$IMAGE_TAG' is not a valid tag (letters, digits, . _ -; at most 63)" >&2
  exit 2
fi
if [[ ! "$IMAGE_DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]]; then
  echo "render: IMAGE_DIGEST '$IMAGE_DIGEST' is not a digest (sha256: and 64 hexadecimal digits)" >&2
  exit 2
fi

ci_dir=$(cd "$(dirname "$0")" && pwd)
repo_root=$(dirname "$ci_dir")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The overlays that alert take the monitoring Component from deploy/monitoring/kubernetes: copied beside k8s.
mkdir "$work/deploy"
cp -R "$repo_root/deploy/k8s" "$repo_root/deploy/monitoring" "$work/deploy/"
overlay="$work/deploy/k8s/overlays/$ENVIRONMENT"
if [[ -n "${SECRETS_ENV_FILE:-}" ]]; then
  [[ -r "$SECRETS_ENV_FILE" ]] || { echo "render: SECRETS_ENV_FILE '$SECRETS_ENV_FILE' is not readable" >&2; exit 2; }
  cp "$SECRETS_ENV_FILE" "$overlay/secrets.env"
fi
if grep -Eq '^[[:space:]]*-[[:space:]]*secrets\.env[[:space:]]*$' "$overlay/kustomization.yaml" && [[ ! -f "$overlay/secrets.env" ]]; then
  echo "render: $ENVIRONMENT keeps its secrets out of git; set SECRETS_ENV_FILE to a file like" \
    "deploy/k8s/overlays/$ENVIRONMENT/secrets.env.example" >&2
  exit 2
fi

job_name=$("$ci_dir/release-name.sh")
mkdir "$work/release"
cat >"$work/release/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../deploy/k8s/overlays/${ENVIRONMENT}
images:
  - name: tally
    newName: ${IMAGE_REPOSITORY}
    digest: ${IMAGE_DIGEST}
labels:
  - pairs:
      app.kubernetes.io/version: "${IMAGE_TAG}"
    # Objects only, not pod templates: a new label on the database's template would restart it.
    includeTemplates: false
patches:
  - target:
      kind: Job
      name: tally-migrate
    patch: |-
      - op: replace
        path: /metadata/name
        value: ${job_name}
YAML

mkdir -p "$(dirname "$RENDERED")"
kubectl kustomize "$work/release" >"$RENDERED"
echo "render: ${ENVIRONMENT} with ${IMAGE_REPOSITORY}@${IMAGE_DIGEST} (${IMAGE_TAG}) -> ${RENDERED}"
