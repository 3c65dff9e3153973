/**
 * Hardhat 2 configuration for the signer's in-process test chain: chain id 31337, automine, the
 * default accounts (account #0 holds 10,000 ETH). No compiler configured: nothing is downloaded.
 */
module.exports = {
  networks: { hardhat: { chainId: 31337, mining: { auto: true } } },
}
