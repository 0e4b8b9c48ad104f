console.log('prepare-data: placeholder (replaced by the data module)');
